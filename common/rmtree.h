/* rmtree: removes a directory and everything below it. */
#ifndef LNR_RMTREE_H
#define LNR_RMTREE_H

/* Removes path and what it holds, never following a symlink; says on
 * stderr what could not be removed. 0, or -1 when the walk failed. */
int rmtree(const char *path);

#endif
