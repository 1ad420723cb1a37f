# .preinit_array, .init_array and .fini_array entries written directly.
        .text
        .type   pre, @function
pre:    leaq    msg_pre(%rip), %rdi
        jmp     puts_wrapper
        .type   init_a, @function
init_a: leaq    msg_init_a(%rip), %rdi
        jmp     puts_wrapper
        .type   init_b, @function
init_b: leaq    msg_init_b(%rip), %rdi
        jmp     puts_wrapper
        .type   fini_a, @function
fini_a: leaq    msg_fini_a(%rip), %rdi
        jmp     puts_wrapper
        .type   fini_b, @function
fini_b: leaq    msg_fini_b(%rip), %rdi
        jmp     puts_wrapper

        .section .preinit_array,"aw",@preinit_array
        .p2align 3
        .quad   pre

        .section .init_array,"aw",@init_array
        .p2align 3
        .quad   init_a
        .quad   init_b

        .section .init_array.00500,"aw",@init_array
        .p2align 3
        .quad   init_b

        .section .fini_array,"aw",@fini_array
        .p2align 3
        .quad   fini_a
        .quad   fini_b

        .section .rodata.msgs,"a",@progbits
msg_pre:    .asciz "preinit_array entry"
msg_init_a: .asciz "init_array entry a"
msg_init_b: .asciz "init_array entry b"
msg_fini_a: .asciz "fini_array entry a"
msg_fini_b: .asciz "fini_array entry b"

        .section .note.GNU-stack,"",@progbits
