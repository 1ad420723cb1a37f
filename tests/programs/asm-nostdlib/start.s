# A freestanding program: its own _start, raw syscalls, no libc, no crt files.
        .text
        .globl  _start
        .type   _start, @function
_start:
        movl    $1, %edi                # fd 1
        leaq    message(%rip), %rsi
        movq    message_len(%rip), %rdx
        movl    $1, %eax                # SYS_write
        syscall
        call    compute_status
        movl    %eax, %edi
        movl    $60, %eax               # SYS_exit
        syscall
        hlt
        .size   _start, .-_start

        .type   compute_status, @function
compute_status:
        movq    counter(%rip), %rax
        addq    bss_value(%rip), %rax   # zero: .bss must be zero-filled
        ret
        .size   compute_status, .-compute_status

        .section .rodata
message:
        .ascii  "hello from _start without libc\n"
message_end:
        .p2align 3
message_len:
        .quad   message_end - message

        .data
        .p2align 3
counter:
        .quad   23

        .bss
        .p2align 3
bss_value:
        .zero   8

        .section .note.GNU-stack,"",@progbits
