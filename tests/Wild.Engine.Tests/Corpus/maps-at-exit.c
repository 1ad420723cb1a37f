/* maps-at-exit OUT PROGRAM [ARGS...]: runs PROGRAM (same environment, same stdio) under ptrace and, when it
 * reaches its exit stop (PTRACE_EVENT_EXIT: the process is finished but its address space still exists),
 * copies /proc/<pid>/maps to OUT. Exits with the program's exit code (128+signal if a signal killed it).
 * The corpus harness compiles this with gcc and checks that the program's PT_GNU_RELRO range ended up
 * read-only; the maps are read at the very end so that everything the loader did is in them. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int copy_maps(pid_t pid, const char *out)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
    FILE *in = fopen(path, "r");
    if (in == NULL) { perror(path); return -1; }
    FILE *o = fopen(out, "w");
    if (o == NULL) { perror(out); fclose(in); return -1; }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, o);
    fclose(in);
    return fclose(o) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: maps-at-exit OUT PROGRAM [ARGS...]\n");
        return 125;
    }
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 125; }
    if (pid == 0) {
        if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) { perror("PTRACE_TRACEME"); _exit(126); }
        execv(argv[2], argv + 2);
        perror(argv[2]);
        _exit(127);
    }

    int status;
    /* The first stop is the SIGTRAP a traced process gets from its successful execve. */
    if (waitpid(pid, &status, 0) != pid) { perror("waitpid"); return 125; }
    if (!WIFSTOPPED(status))
        return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
    if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)(PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)) != 0) {
        perror("PTRACE_SETOPTIONS");
        kill(pid, SIGKILL);
        return 125;
    }
    int deliver = 0, copied = 0;
    for (;;) {
        if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver) != 0 && errno != ESRCH) {
            perror("PTRACE_CONT");
            kill(pid, SIGKILL);
            return 125;
        }
        deliver = 0;
        if (waitpid(pid, &status, 0) != pid) { perror("waitpid"); return 125; }
        if (WIFEXITED(status))
            return copied ? WEXITSTATUS(status) : 124;
        if (WIFSIGNALED(status))
            return copied ? 128 + WTERMSIG(status) : 124;
        if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXIT << 8)))
            copied = copy_maps(pid, argv[1]) == 0;
        else if (WIFSTOPPED(status))
            deliver = WSTOPSIG(status); /* the program's own signals reach it as they would untraced */
    }
}
