/*
 * burst: 4 threads each try to open 250,000 files with 3 KB long names
 * that do not exist, as fast as they can: about 3 GB of open records in
 * a few seconds, more than a small probe ring can hold, for drops.sh.
 */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define THREADS 4
#define CALLS 250000

static char name[3072];

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < CALLS; i++)
		openat(AT_FDCWD, name, O_RDONLY);
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS];

	memset(name, 'x', sizeof(name) - 1);
	memcpy(name, "/nonexistent-lanner-burst/", 26);
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&th[i], NULL, worker, NULL))
			return 1;
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	return 0;
}
