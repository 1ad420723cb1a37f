# An IFUNC written by hand: the symbol type is gnu_indirect_function and the
# resolver returns the address of the implementation.
        .text
        .globl  square
        .type   square, @gnu_indirect_function
square:
        incq    resolver_count(%rip)
        leaq    square_impl(%rip), %rax
        ret
        .size   square, .-square

        .type   square_impl, @function
square_impl:
        movq    %rdi, %rax
        imulq   %rdi, %rax
        ret
        .size   square_impl, .-square_impl

        .globl  pick_count
        .type   pick_count, @function
pick_count:
        movq    resolver_count(%rip), %rax
        ret
        .size   pick_count, .-pick_count

        .data
        .p2align 3
resolver_count:
        .quad   0

        .section .note.GNU-stack,"",@progbits
