#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
  opterr = 0; /* the program's write must silence libc's own message */
  int opt, verbose = 0;
  long n = 0;
  while ((opt = getopt(argc, argv, "vn:")) != -1) {
    if (opt == 'v') verbose = 1;
    else if (opt == 'n') n = strtol(optarg, 0, 10);
    else printf("unknown option '%c' (optopt %c)\n", opt, optopt);
  }
  printf("verbose %d n %ld optind %d rest %s %s\n", verbose, n, optind, argv[optind], argv[optind + 1]);
  int count = 0;
  for (char **e = environ; *e; e++) count++;
  printf("environ has %d entries, CORPUS_B=%s\n", count, getenv("CORPUS_B"));
  setenv("CORPUS_C", "three", 1);
  count = 0;
  for (char **e = environ; *e; e++) count += strncmp(*e, "CORPUS_", 7) == 0;
  printf("after setenv: %d CORPUS_ entries, environ updated by libc: %s\n", count, getenv("CORPUS_C") ? "yes" : "no");
  errno = 0;
  strtol("99999999999999999999999", 0, 10);
  printf("errno after overflow: %s\n", errno == ERANGE ? "ERANGE" : "other");
  fprintf(stdout, "fileno(stdout)=%d fileno(stderr)=%d\n", fileno(stdout), fileno(stderr));
  return 0;
}
