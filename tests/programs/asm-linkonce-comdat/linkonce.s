# Old-style copies: .gnu.linkonce.<type>.<key> sections. Against a COMDAT group of one member whose signature is
# <key> and which defines the same globals, GNU ld keeps whichever comes first and discards the other.
        .section .gnu.linkonce.t.shared_func,"ax",@progbits
        .globl  shared_func
        .type   shared_func, @function
shared_func:
        movl    $1, %eax
        ret
        .section .gnu.linkonce.d.shared_data,"aw",@progbits
        .globl  shared_data
        .p2align 2
shared_data:
        .long   100
# The same key as a group, but another symbol: not the same definition, so both stay.
        .section .gnu.linkonce.t.other_key,"ax",@progbits
        .globl  linkonce_only
        .type   linkonce_only, @function
linkonce_only:
        movl    $3, %eax
        ret
        .section .note.GNU-stack,"",@progbits
