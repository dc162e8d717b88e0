/*
 * Escaping untrusted bytes for text: controls, invalid UTF-8 and the
 * Unicode direction and line controls become escapes; valid text passes
 * unchanged; a short buffer never ends inside an escape.
 */
#include <string.h>

#include "check.h"
#include "textesc.h"

static int esc_is(const char *in, size_t n, unsigned flags, const char *want)
{
	char out[256];
	size_t need = textesc(out, sizeof(out), in, n, flags);

	if (strcmp(out, want) != 0 || need != strlen(want)) {
		fprintf(stderr, "got '%s' (%zu), want '%s'\n", out, need, want);
		return 0;
	}
	return 1;
}

#define ESC(in, flags, want) esc_is(in, sizeof(in) - 1, flags, want)

static void test_controls(void)
{
	CHECK(ESC("plain /etc/shadow", 0, "plain /etc/shadow"));
	CHECK(ESC("a\nb\rc\td", 0, "a\\nb\\rc\\td"));
	CHECK(ESC("\x1b[1A\x1b[2K", 0, "\\x1b[1A\\x1b[2K"));
	CHECK(ESC("\x7f\x01", 0, "\\x7f\\x01"));
	CHECK(ESC("nul\0in", 0, "nul\\x00in"));
	/* C1 controls, well-formed in UTF-8 */
	CHECK(ESC("\xc2\x85\xc2\x9b", 0, "\\u0085\\u009b"));
	/* right-to-left override, line separator */
	CHECK(ESC("\xe2\x80\xae\xe2\x80\xa8", 0, "\\u202e\\u2028"));
}

static void test_utf8(void)
{
	CHECK(ESC("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7", 0,
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7"));
	CHECK(ESC("\xff", 0, "\\xff"));
	CHECK(ESC("\xc0\xaf", 0, "\\xc0\\xaf"));	  /* overlong '/' */
	CHECK(ESC("\xed\xa0\x80", 0, "\\xed\\xa0\\x80")); /* surrogate */
	CHECK(ESC("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80"));
	CHECK(ESC("ab\xe2\x82", 0, "ab\\xe2\\x82")); /* cut off */
	CHECK(ESC("\x80x", 0, "\\x80x"));
}

static void test_backslash(void)
{
	CHECK(ESC("a\\nb", 0, "a\\nb"));
	CHECK(ESC("a\\nb", TEXTESC_BACKSLASH, "a\\\\nb"));
	/* A literal "\n" and a newline no longer read the same. */
	CHECK(ESC("a\nb", TEXTESC_BACKSLASH, "a\\nb"));
}

static void test_short_buffer(void)
{
	char out[6];
	size_t need = textesc(out, sizeof(out), "ab\x1b\x1b", 4, 0);

	CHECK(need == 10);
	CHECK(strcmp(out, "ab") == 0); /* "\x1b" did not fit whole */
	need = textesc(NULL, 0, "\n", 1, 0);
	CHECK(need == 2);
	need = textesc(out, 1, "abc", 3, 0);
	CHECK(need == 3 && out[0] == '\0');
}

int main(void)
{
	test_controls();
	test_utf8();
	test_backslash();
	test_short_buffer();
	return check_done();
}
