# Mergeable sections written by hand: strings (entsize 1) and 8-byte constants.
# References use section-relative addends that point into the middle of a
# string, which must survive merging.
        .section .rodata.str1.1,"aMS",@progbits,1
.Lgreet:
        .asciz  "prefix:hello-from-asm"
.Ldup:
        .asciz  "duplicate"
.Ldup2:
        .asciz  "duplicate"

        .section .rodata.cst8,"aM",@progbits,8
        .p2align 3
.Lc1:   .quad   0x1122334455667788
.Lc2:   .quad   0x0102030405060708

        .text
        .globl  asm_greet
        .type   asm_greet, @function
asm_greet:
        leaq    .Lgreet+7(%rip), %rax     # skip "prefix:"
        ret
        .size   asm_greet, .-asm_greet

        .globl  asm_dup_same
        .type   asm_dup_same, @function
asm_dup_same:
        leaq    .Ldup(%rip), %rax
        leaq    .Ldup2(%rip), %rdx
        cmpq    %rax, %rdx
        sete    %al
        movzbl  %al, %eax
        ret
        .size   asm_dup_same, .-asm_dup_same

        .globl  asm_const_sum
        .type   asm_const_sum, @function
asm_const_sum:
        movq    .Lc1(%rip), %rax
        addq    .Lc2(%rip), %rax
        ret
        .size   asm_const_sum, .-asm_const_sum

        .section .note.GNU-stack,"",@progbits
