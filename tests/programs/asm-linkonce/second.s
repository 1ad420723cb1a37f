# The same linkonce sections again (with other contents, to show which copy is kept), plus ordinary code that
# stays: only the duplicated sections are discarded.
        .section .gnu.linkonce.d.linkonce_data,"aw",@progbits
        .globl  linkonce_data
        .p2align 2
linkonce_data:
        .long   99
        .section .gnu.linkonce.t.linkonce_func,"ax",@progbits
        .globl  linkonce_func
        .type   linkonce_func, @function
linkonce_func:
        movl    $20, %eax
        ret
        .section .gnu.linkonce.r.linkonce_text,"a",@progbits
        .globl  linkonce_text
linkonce_text:
        .asciz  "second"
        .text
        .globl  second_only
        .type   second_only, @function
second_only:
        call    linkonce_func
        addl    $1, %eax
        ret
        .section .note.GNU-stack,"",@progbits
