#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    /* argv[0] is the program's path, which differs between the two links: never print it. */
    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=%s (%zu)\n", i, argv[i], strlen(argv[i]));
    printf("CORPUS_GREETING=%s\n", getenv("CORPUS_GREETING") ? getenv("CORPUS_GREETING") : "(unset)");
    printf("CORPUS_NUMBER=%s\n", getenv("CORPUS_NUMBER"));
    printf("HOME is %s\n", getenv("HOME") ? "set" : "unset");
    int n = 0;
    for (char **e = envp; *e; e++)
        n++;
    printf("environment entries: %d, environ == envp: %s\n", n, environ == envp ? "yes" : "no");
    return argc;
}
