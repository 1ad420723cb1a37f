// Signal handlers of the `wild` command, in C because a signal can arrive while managed code runs, and
// NativeAOT refuses to re-enter managed code from such a thread. Everything here is async-signal-safe.
// The engine announces (through FaultGuard.cs) every mapped input, the mapped output and its temporary
// file; the handlers only read those tables, remove the temporary files, say what happened and exit.
//
// - SIGBUS (a mapped input truncated under the link, or the output's file system failing a page) and
//   SIGSEGV inside a registered mapping: remove the temporaries, name the file, exit 1.
// - Any other SIGSEGV goes to the runtime's handler first (it turns null dereferences in managed code
//   into NullReferenceException); if the runtime gives the fault up, it is an internal error: exit 1.
// - SIGINT, SIGTERM, SIGHUP, SIGQUIT: remove the temporaries, then die by the same signal, so the parent
//   sees the conventional 128+N status. The old output is never touched: it is only ever replaced by rename.
// - SIGXFSZ is ignored, so a file-size limit (ulimit -f) is an EFBIG error the engine reports by name.
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Ranges live in chunks that are never moved or freed, so a handler can scan them while another thread
// registers more. A slot is live while its start is non-zero; freed slots are reused under the lock.
#define CHUNK_SLOTS 1024
#define MAX_CHUNKS 4096

typedef struct {
    _Atomic(uintptr_t) start;
    _Atomic(uintptr_t) end;
    _Atomic(const char *) name;
    // The temporary file to remove on a fatal signal, if any.
    _Atomic(const char *) temporary;
    // Whether the range is the output being written (a fault there is the output's file system failing).
    _Atomic(int) output;
} Slot;

static Slot *chunks[MAX_CHUNKS];
static _Atomic(size_t) slot_count;
static size_t free_head = SIZE_MAX;   // a free list threaded through the freed slots' end field, under lock
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sigaction previous_segv;
static _Atomic(int) installed;

static Slot *slot_at(size_t i) { return &chunks[i / CHUNK_SLOTS][i % CHUNK_SLOTS]; }

static void say(const char *text)
{
    size_t n = strlen(text);
    while (n > 0)
    {
        ssize_t w = write(2, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

static void remove_temporaries(void)
{
    size_t count = atomic_load(&slot_count);
    for (size_t i = 0; i < count; i++)
    {
        Slot *s = slot_at(i);
        const char *t = atomic_load(&s->temporary);
        if (t != NULL && atomic_load(&s->start) != 0) unlink(t);
    }
}

static const Slot *find(uintptr_t address)
{
    size_t count = atomic_load(&slot_count);
    for (size_t i = 0; i < count; i++)
    {
        const Slot *s = slot_at(i);
        uintptr_t start = atomic_load(&s->start);
        if (start != 0 && address >= start && address < atomic_load(&s->end)) return s;
    }
    return NULL;
}

static _Noreturn void die_of_fault(const Slot *slot)
{
    remove_temporaries();
    if (slot == NULL)
        say("wild: error: internal error: invalid memory access; please report this with the command line\n");
    else if (atomic_load(&slot->output))
    {
        say("wild: error: ");
        say(atomic_load(&slot->name));
        say(": cannot write the output: its file system failed a write (disk full, quota or I/O error)\n");
    }
    else
    {
        say("wild: error: ");
        say(atomic_load(&slot->name));
        say(": file changed or was truncated during the link\n");
    }
    _exit(1);
}

static void on_fault(int signal, siginfo_t *info, void *context)
{
    const Slot *slot = find((uintptr_t)info->si_addr);
    if (slot != NULL || signal == SIGBUS) die_of_fault(slot);
    // Not ours: the runtime may turn it into a managed exception (a null dereference) and resume.
    if (previous_segv.sa_flags & SA_SIGINFO)
        previous_segv.sa_sigaction(signal, info, context);
    else if (previous_segv.sa_handler != SIG_DFL && previous_segv.sa_handler != SIG_IGN)
        previous_segv.sa_handler(signal);
    else
        die_of_fault(NULL);
    // A runtime that gives a fault up restores the default action, to crash when the instruction is retried.
    struct sigaction now;
    if (sigaction(SIGSEGV, NULL, &now) == 0 && !(now.sa_flags & SA_SIGINFO) && now.sa_handler == SIG_DFL)
        die_of_fault(NULL);
}

static void on_termination(int signal)
{
    remove_temporaries();
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(signal, &fallback, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signal);
    _exit(128 + signal);
}

// Installs the handlers; returns 0, or -1 if sigaction failed. Called once the runtime has installed its
// own (so the SIGSEGV one can be chained) and after the console is set up (which installs SIGINT handling).
int wild_guard_install(void)
{
    if (atomic_exchange(&installed, 1)) return 0;
    struct sigaction fault;
    memset(&fault, 0, sizeof fault);
    fault.sa_sigaction = on_fault;
    fault.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&fault.sa_mask);
    if (sigaction(SIGSEGV, &fault, &previous_segv) != 0) return -1;
    if (sigaction(SIGBUS, &fault, NULL) != 0) return -1;

    struct sigaction term;
    memset(&term, 0, sizeof term);
    term.sa_handler = on_termination;
    sigfillset(&term.sa_mask);
    const int terminating[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof terminating / sizeof terminating[0]; i++)
        if (sigaction(terminating[i], &term, NULL) != 0) return -1;

    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    return sigaction(SIGXFSZ, &ignore, NULL);
}

// Registers [address, address+length) as the bytes of `name` (copied), an input or (`output` non-zero) the
// output; a null address registers no range. A non-null `temporary` is a file to remove on a fatal signal.
// Returns a token for wild_guard_forget, or 0 if out of memory.
size_t wild_guard_watch(const void *address, size_t length, const char *name, const char *temporary, int output)
{
    size_t name_length = strlen(name) + 1;
    size_t temporary_length = temporary != NULL ? strlen(temporary) + 1 : 0;
    // Never freed: a handler may be reading the text; a link registers one string per input file.
    char *text = malloc(name_length + temporary_length);
    if (text == NULL) return 0;
    memcpy(text, name, name_length);
    if (temporary != NULL) memcpy(text + name_length, temporary, temporary_length);

    pthread_mutex_lock(&lock);
    size_t index;
    if (free_head != SIZE_MAX)
    {
        index = free_head;
        free_head = (size_t)atomic_load(&slot_at(index)->end);
    }
    else
    {
        index = atomic_load(&slot_count);
        size_t chunk = index / CHUNK_SLOTS;
        if (chunk >= MAX_CHUNKS) { pthread_mutex_unlock(&lock); return 0; }
        if (chunks[chunk] == NULL)
        {
            chunks[chunk] = calloc(CHUNK_SLOTS, sizeof(Slot));
            if (chunks[chunk] == NULL) { pthread_mutex_unlock(&lock); return 0; }
        }
    }
    Slot *s = slot_at(index);
    atomic_store(&s->name, text);
    atomic_store(&s->temporary, temporary != NULL ? text + name_length : NULL);
    atomic_store(&s->output, output);
    // A registration without a range (a temporary file not mapped yet) is live but matches no address.
    atomic_store(&s->end, address != NULL ? (uintptr_t)address + length : (uintptr_t)0);
    atomic_store(&s->start, address != NULL ? (uintptr_t)address : (uintptr_t)1);
    if (index == atomic_load(&slot_count)) atomic_store(&slot_count, index + 1);
    pthread_mutex_unlock(&lock);
    return index + 1;
}

// Forgets a registration: its range no longer means this file, and its temporary is no longer removed.
void wild_guard_forget(size_t token)
{
    if (token == 0) return;
    size_t index = token - 1;
    pthread_mutex_lock(&lock);
    Slot *s = slot_at(index);
    atomic_store(&s->start, 0);
    atomic_store(&s->temporary, NULL);
    atomic_store(&s->end, (uintptr_t)free_head);
    free_head = index;
    pthread_mutex_unlock(&lock);
}

// Ends the process after an exception no code could catch (one thrown on a runtime thread, such as an
// OutOfMemoryException when the thread pool cannot start a thread): removes the temporaries, prints
// `message` (or the out-of-memory line when it is null: nothing may be allocated then), exits 1.
_Noreturn void wild_guard_fail(const char *message)
{
    remove_temporaries();
    say(message != NULL ? message : "wild: error: out of memory\n");
    _exit(1);
}
