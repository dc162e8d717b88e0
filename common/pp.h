/*
 * Preprocessor helpers for expanding the X-macro tables: LNR_PP_EACH
 * applies a macro to every item of a list, passing a fixed first argument
 * along, which a plain X-macro row cannot see (event_table.def's
 * parameter rows do not name their event). Up to LNR_PP_MAX items.
 */
#ifndef LNR_PP_H
#define LNR_PP_H

#define LNR_PP_MAX 40

/* LNR_PP_EACH(m, d, a, b, ...) is m(d, a) m(d, b) ... */
#define LNR_PP_EACH(m, d, ...)                                                 \
	LNR_PP_CAT(LNR_PP_E, LNR_PP_NARGS(__VA_ARGS__))(m, d, __VA_ARGS__)
#define LNR_PP_CAT(a, b) LNR_PP_CAT_(a, b)
#define LNR_PP_CAT_(a, b) a##b

/* How many arguments, 1 to LNR_PP_MAX. */
#define LNR_PP_NARGS(...)                                                      \
	LNR_PP_NTH(__VA_ARGS__, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30,    \
		   29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, \
		   14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
#define LNR_PP_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13,     \
		   _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, \
		   _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, \
		   _38, _39, _40, n, ...)                                      \
	n

#define LNR_PP_E1(m, d, a) m(d, a)
#define LNR_PP_E2(m, d, a, ...) m(d, a) LNR_PP_E1(m, d, __VA_ARGS__)
#define LNR_PP_E3(m, d, a, ...) m(d, a) LNR_PP_E2(m, d, __VA_ARGS__)
#define LNR_PP_E4(m, d, a, ...) m(d, a) LNR_PP_E3(m, d, __VA_ARGS__)
#define LNR_PP_E5(m, d, a, ...) m(d, a) LNR_PP_E4(m, d, __VA_ARGS__)
#define LNR_PP_E6(m, d, a, ...) m(d, a) LNR_PP_E5(m, d, __VA_ARGS__)
#define LNR_PP_E7(m, d, a, ...) m(d, a) LNR_PP_E6(m, d, __VA_ARGS__)
#define LNR_PP_E8(m, d, a, ...) m(d, a) LNR_PP_E7(m, d, __VA_ARGS__)
#define LNR_PP_E9(m, d, a, ...) m(d, a) LNR_PP_E8(m, d, __VA_ARGS__)
#define LNR_PP_E10(m, d, a, ...) m(d, a) LNR_PP_E9(m, d, __VA_ARGS__)
#define LNR_PP_E11(m, d, a, ...) m(d, a) LNR_PP_E10(m, d, __VA_ARGS__)
#define LNR_PP_E12(m, d, a, ...) m(d, a) LNR_PP_E11(m, d, __VA_ARGS__)
#define LNR_PP_E13(m, d, a, ...) m(d, a) LNR_PP_E12(m, d, __VA_ARGS__)
#define LNR_PP_E14(m, d, a, ...) m(d, a) LNR_PP_E13(m, d, __VA_ARGS__)
#define LNR_PP_E15(m, d, a, ...) m(d, a) LNR_PP_E14(m, d, __VA_ARGS__)
#define LNR_PP_E16(m, d, a, ...) m(d, a) LNR_PP_E15(m, d, __VA_ARGS__)
#define LNR_PP_E17(m, d, a, ...) m(d, a) LNR_PP_E16(m, d, __VA_ARGS__)
#define LNR_PP_E18(m, d, a, ...) m(d, a) LNR_PP_E17(m, d, __VA_ARGS__)
#define LNR_PP_E19(m, d, a, ...) m(d, a) LNR_PP_E18(m, d, __VA_ARGS__)
#define LNR_PP_E20(m, d, a, ...) m(d, a) LNR_PP_E19(m, d, __VA_ARGS__)
#define LNR_PP_E21(m, d, a, ...) m(d, a) LNR_PP_E20(m, d, __VA_ARGS__)
#define LNR_PP_E22(m, d, a, ...) m(d, a) LNR_PP_E21(m, d, __VA_ARGS__)
#define LNR_PP_E23(m, d, a, ...) m(d, a) LNR_PP_E22(m, d, __VA_ARGS__)
#define LNR_PP_E24(m, d, a, ...) m(d, a) LNR_PP_E23(m, d, __VA_ARGS__)
#define LNR_PP_E25(m, d, a, ...) m(d, a) LNR_PP_E24(m, d, __VA_ARGS__)
#define LNR_PP_E26(m, d, a, ...) m(d, a) LNR_PP_E25(m, d, __VA_ARGS__)
#define LNR_PP_E27(m, d, a, ...) m(d, a) LNR_PP_E26(m, d, __VA_ARGS__)
#define LNR_PP_E28(m, d, a, ...) m(d, a) LNR_PP_E27(m, d, __VA_ARGS__)
#define LNR_PP_E29(m, d, a, ...) m(d, a) LNR_PP_E28(m, d, __VA_ARGS__)
#define LNR_PP_E30(m, d, a, ...) m(d, a) LNR_PP_E29(m, d, __VA_ARGS__)
#define LNR_PP_E31(m, d, a, ...) m(d, a) LNR_PP_E30(m, d, __VA_ARGS__)
#define LNR_PP_E32(m, d, a, ...) m(d, a) LNR_PP_E31(m, d, __VA_ARGS__)
#define LNR_PP_E33(m, d, a, ...) m(d, a) LNR_PP_E32(m, d, __VA_ARGS__)
#define LNR_PP_E34(m, d, a, ...) m(d, a) LNR_PP_E33(m, d, __VA_ARGS__)
#define LNR_PP_E35(m, d, a, ...) m(d, a) LNR_PP_E34(m, d, __VA_ARGS__)
#define LNR_PP_E36(m, d, a, ...) m(d, a) LNR_PP_E35(m, d, __VA_ARGS__)
#define LNR_PP_E37(m, d, a, ...) m(d, a) LNR_PP_E36(m, d, __VA_ARGS__)
#define LNR_PP_E38(m, d, a, ...) m(d, a) LNR_PP_E37(m, d, __VA_ARGS__)
#define LNR_PP_E39(m, d, a, ...) m(d, a) LNR_PP_E38(m, d, __VA_ARGS__)
#define LNR_PP_E40(m, d, a, ...) m(d, a) LNR_PP_E39(m, d, __VA_ARGS__)

#endif
