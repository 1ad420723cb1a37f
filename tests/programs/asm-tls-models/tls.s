# The four TLS access sequences written out by hand. In a static link the
# linker must rewrite GD and LD into LE (and IE may become LE as well).
        .section .tdata,"awT",@progbits
        .globl  tls_a
        .p2align 3
tls_a:  .quad   11
tls_b:  .quad   22

        .section .tbss,"awT",@nobits
        .p2align 3
tls_c:  .zero   8

        .text
        .globl  get_gd                  # general dynamic: __tls_get_addr(&tls_a)
        .type   get_gd, @function
get_gd:
        subq    $8, %rsp
        .byte   0x66
        leaq    tls_a@tlsgd(%rip), %rdi
        .value  0x6666
        rex64
        call    __tls_get_addr@PLT
        movq    (%rax), %rax
        addq    $8, %rsp
        ret
        .size   get_gd, .-get_gd

        .globl  get_ld                  # local dynamic: module base + DTPOFF
        .type   get_ld, @function
get_ld:
        subq    $8, %rsp
        leaq    tls_b@tlsld(%rip), %rdi
        call    __tls_get_addr@PLT
        movq    tls_b@dtpoff(%rax), %rdx
        addq    tls_c@dtpoff(%rax), %rdx
        movq    %rdx, %rax
        addq    $8, %rsp
        ret
        .size   get_ld, .-get_ld

        .globl  get_ie                  # initial exec: offset loaded from the GOT
        .type   get_ie, @function
get_ie:
        movq    tls_a@gottpoff(%rip), %rax
        movq    %fs:(%rax), %rax
        ret
        .size   get_ie, .-get_ie

        .globl  set_le                  # local exec: offset is a link-time constant
        .type   set_le, @function
set_le:
        movq    %rdi, %fs:tls_c@tpoff
        movq    %fs:0, %rax
        leaq    tls_b@tpoff(%rax), %rax
        addq    %rdi, (%rax)
        ret
        .size   set_le, .-set_le

        .section .note.GNU-stack,"",@progbits
