# The first definitions of three linkonce sections: these are kept.
        .section .gnu.linkonce.d.linkonce_data,"aw",@progbits
        .globl  linkonce_data
        .p2align 2
linkonce_data:
        .long   41
        .section .gnu.linkonce.t.linkonce_func,"ax",@progbits
        .globl  linkonce_func
        .type   linkonce_func, @function
linkonce_func:
        movl    $10, %eax
        ret
        .section .gnu.linkonce.r.linkonce_text,"a",@progbits
        .globl  linkonce_text
linkonce_text:
        .asciz  "first"
        .section .note.GNU-stack,"",@progbits
