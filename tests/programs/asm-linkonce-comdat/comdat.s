# New-style copies: COMDAT groups with one member (a relocation section does not count, as GNU ld counts them).
        .section .text.shared_func,"axG",@progbits,shared_func,comdat
        .globl  shared_func
        .type   shared_func, @function
shared_func:
        call    helper
        addl    $1, %eax
        ret
        .section .data.shared_data,"awG",@progbits,shared_data,comdat
        .globl  shared_data
        .p2align 2
shared_data:
        .long   200
        .section .text.other_key,"axG",@progbits,other_key,comdat
        .globl  group_only
        .type   group_only, @function
group_only:
        movl    $4, %eax
        ret
        .text
        .globl  helper
        .type   helper, @function
helper:
        movl    $10, %eax
        ret
        .section .note.GNU-stack,"",@progbits
