/*
 * Opening the files lanner trusts (rule files, the configuration) the way
 * sshd opens its keys: a symbolic link, anything but a regular file (or a
 * directory where one is allowed), a file writable by group or others, or
 * one owned by neither root nor the caller is refused with a message that
 * says why. Nothing blocks: a FIFO is refused, not read.
 */
#ifndef LNR_SAFEFILE_H
#define LNR_SAFEFILE_H

#include <stddef.h>
#include <sys/stat.h>

struct safefile {
	const char *what;  /* "rule", "configuration": starts each message */
	const char *shown; /* the path as the user knows it */
	int dir_ok;	   /* a directory is accepted as well */
	struct stat st;	   /* the opened file's, on success */
	char err[512];	   /* the reason, on failure */
};

/* Opens name, relative to dirfd (or AT_FDCWD), and checks it. The fd
 * (close-on-exec) or -errno with sf->err filled. */
int safefile_open(struct safefile *sf, int dirfd, const char *name);
/* Reads the whole of fd, opened by safefile_open, into a NUL-terminated
 * buffer the caller frees; -EFBIG beyond max bytes. 0 or -errno. */
int safefile_read_fd(struct safefile *sf, int fd, size_t max, char **text,
		     size_t *len);
/* safefile_open, then safefile_read_fd. */
int safefile_read(struct safefile *sf, int dirfd, const char *name, size_t max,
		  char **text, size_t *len);

/*
 * A file or a directory named by the user, read file by file: a directory
 * gives its entries that keep() accepts, in name order, each opened
 * relative to the directory's fd so that a path swapped meanwhile cannot
 * redirect the reads.
 */
struct safefile_walk {
	const char *what;
	size_t max; /* bytes per file */
	int (*keep)(const char *name);
	/* Gets each file's path and text, which it now owns; 0 or -errno. */
	int (*use)(void *arg, const char *path, char *text, size_t len);
	void *arg;
	char err[512]; /* the reason a file was refused, else empty */
};

/* Stops at the first error: 0 or -errno. */
int safefile_walk(struct safefile_walk *w, const char *path);

#endif
