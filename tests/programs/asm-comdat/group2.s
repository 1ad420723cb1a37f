# The same COMDAT group in two objects with different bodies: the linker keeps
# the first one it sees (link order) and discards the whole second group.
        .section .text.shared_fn,"axG",@progbits,shared_fn,comdat
        .globl  shared_fn
        .type   shared_fn, @function
shared_fn:
        movl    $2, %eax
        ret
        .size   shared_fn, .-shared_fn

        .section .data.shared_data,"awG",@progbits,shared_fn,comdat
        .globl  shared_data
        .p2align 2
shared_data:
        .long   200

        .text
        .globl  from_group2
        .type   from_group2, @function
from_group2:
        jmp     shared_fn
        .size   from_group2, .-from_group2

        .section .note.GNU-stack,"",@progbits
