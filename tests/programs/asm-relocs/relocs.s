# Data relocations of several kinds against local and global symbols, with addends.
        .data
        .globl  target_words
        .p2align 3
target_words:
        .quad   0x1111, 0x2222, 0x3333, 0x4444

        .globl  reloc_table
        .p2align 3
reloc_table:
        .quad   target_words                    # R_X86_64_64
        .quad   target_words + 16               # R_X86_64_64 with addend
        .quad   target_words + 32 - 8           # expression folded to an addend
        .long   target_words                    # R_X86_64_32 (non-PIE only)
        .long   target_words + 8                # R_X86_64_32 with addend
        .long   target_words - .                # R_X86_64_PC32 in data
        .long   0
        .quad   c_global - .                    # R_X86_64_PC64
        .quad   local_fn                        # absolute address of a local function
        .quad   c_function

        .text
        .type   local_fn, @function
local_fn:
        movl    $314, %eax
        ret
        .size   local_fn, .-local_fn

        .globl  load_abs32s
        .type   load_abs32s, @function
load_abs32s:                                    # long load_abs32s(long i): target_words[i]
        movq    target_words(,%rdi,8), %rax     # R_X86_64_32S
        ret
        .size   load_abs32s, .-load_abs32s

        .section .note.GNU-stack,"",@progbits
