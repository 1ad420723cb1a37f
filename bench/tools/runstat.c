/*
 * runstat: run one command and report its wall time and its own resource usage.
 *
 *   runstat <stdout-file> <stderr-file> <program> [args...]
 *
 * Prints one line: "<exit> <wall_us> <user_us> <sys_us> <maxrss_kib>", where exit is the child's exit
 * status or 128+signal (127: exec failed). wait4() returns the rusage of this child (and of any children
 * it reaped) alone; getrusage(RUSAGE_CHILDREN) would mix in every earlier run, and /usr/bin/time only
 * reports 10 ms steps, too coarse for a hello-world link. Built by bench/Invoke-Benchmark.ps1 with gcc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long micros(struct timeval tv)
{
    return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: runstat <stdout-file> <stderr-file> <program> [args...]\n");
        return 2;
    }

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 2;
    }
    if (pid == 0) {
        int out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        int err = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
            _exit(126);
        execvp(argv[3], argv + 3);
        dprintf(2, "runstat: cannot run %s: %s\n", argv[3], strerror(errno));
        _exit(127);
    }

    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("runstat: wait4");
            return 2;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);

    long long wall = (long long)(end.tv_sec - start.tv_sec) * 1000000 + (end.tv_nsec - start.tv_nsec) / 1000;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%d %lld %lld %lld %ld\n", code, wall, micros(usage.ru_utime), micros(usage.ru_stime), usage.ru_maxrss);
    return 0;
}
