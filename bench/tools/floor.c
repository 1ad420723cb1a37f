/*
 * floor: the physical floor of a link, the least time any linker needs to move its bytes.
 *
 *   floor <ranges-file> <output-file> <output-bytes>
 *
 * <ranges-file> has one line per byte range the link must read: "<offset> <length> <path>" (the path is the
 * rest of the line). Whole input files are one range; an archive is its symbol index, its long-name table
 * and the members the link loaded. The tool opens each file, pread()s its ranges once into one reused
 * 1 MiB buffer (the inputs are in the page cache, so this is memory bandwidth plus system calls), then
 * creates <output-file> and write()s <output-bytes> bytes to it from that buffer. One thread does it all.
 *
 * Prints one line: "<read_us> <write_us> <bytes_read> <bytes_written>", timed with CLOCK_MONOTONIC inside
 * the process, so process start-up (which every linker also pays) is not part of the floor.
 * Built by bench/Invoke-Benchmark.ps1 with gcc.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: floor <ranges-file> <output-file> <output-bytes>\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        fprintf(stderr, "floor: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    long long out_bytes = atoll(argv[3]);
    char *buffer = malloc(CHUNK);
    if (!buffer) return 2;
    memset(buffer, 0x5a, CHUNK);

    /* The list is parsed before the clock starts: it is the harness's input, not the link's. */
    size_t cap = 1024, n = 0;
    struct range { long long offset, length; char *path; } *ranges = malloc(cap * sizeof *ranges);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    while ((len = getline(&line, &line_cap, list)) > 0) {
        if (line[len - 1] == '\n') line[--len] = 0;
        long long offset, length;
        int consumed = 0;
        if (sscanf(line, "%lld %lld %n", &offset, &length, &consumed) < 2 || !line[consumed]) continue;
        if (n == cap) ranges = realloc(ranges, (cap *= 2) * sizeof *ranges);
        ranges[n].offset = offset;
        ranges[n].length = length;
        ranges[n].path = strdup(line + consumed);
        n++;
    }
    fclose(list);

    unsigned long long sum = 0;
    long long bytes_read = 0;
    long long start = now_us();
    int fd = -1;
    const char *open_path = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!open_path || strcmp(open_path, ranges[i].path) != 0) {
            if (fd >= 0) close(fd);
            fd = open(ranges[i].path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                fprintf(stderr, "floor: %s: %s\n", ranges[i].path, strerror(errno));
                return 1;
            }
            open_path = ranges[i].path;
        }
        long long done = 0;
        while (done < ranges[i].length) {
            long long want = ranges[i].length - done;
            ssize_t got = pread(fd, buffer, want < CHUNK ? (size_t)want : CHUNK, ranges[i].offset + done);
            if (got <= 0) break;
            sum += (unsigned char)buffer[got - 1];  /* keeps the read from being optimised away */
            done += got;
        }
        bytes_read += done;
    }
    if (fd >= 0) close(fd);
    long long middle = now_us();

    int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
    if (out < 0) {
        fprintf(stderr, "floor: %s: %s\n", argv[2], strerror(errno));
        return 1;
    }
    long long written = 0;
    while (written < out_bytes) {
        long long want = out_bytes - written;
        ssize_t put = write(out, buffer, want < CHUNK ? (size_t)want : CHUNK);
        if (put <= 0) {
            fprintf(stderr, "floor: writing %s: %s\n", argv[2], strerror(errno));
            return 1;
        }
        written += put;
    }
    close(out);
    long long end = now_us();

    printf("%lld %lld %lld %lld\n", middle - start, end - middle, bytes_read, written);
    return sum == 0xffffffffffffffffULL ? 3 : 0;
}
