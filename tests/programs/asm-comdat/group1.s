# The same COMDAT group in two objects with different bodies: the linker keeps
# the first one it sees (link order) and discards the whole second group.
        .section .text.shared_fn,"axG",@progbits,shared_fn,comdat
        .globl  shared_fn
        .type   shared_fn, @function
shared_fn:
        movl    $1, %eax
        ret
        .size   shared_fn, .-shared_fn

        .section .data.shared_data,"awG",@progbits,shared_fn,comdat
        .globl  shared_data
        .p2align 2
shared_data:
        .long   100

        .text
        .globl  from_group1
        .type   from_group1, @function
from_group1:
        jmp     shared_fn
        .size   from_group1, .-from_group1

        .section .note.GNU-stack,"",@progbits
