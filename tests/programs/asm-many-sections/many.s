# 70,000 functions, each in its own section (as -ffunction-sections gives), so the object has more sections than
# e_shnum can count (SHN_XINDEX: section indexes above 0xff00 live in .symtab_shndx). Each returns its number.
        .altmacro
        .macro  many_function n
        .section .text.many_\n,"ax",@progbits
        .globl  many_\n
        .type   many_\n, @function
many_\n:
        movl    $\n, %eax
        ret
        .endm
        .set    i, 0
        .rept   70000
        many_function %i
        .set    i, i + 1
        .endr
        .section .note.GNU-stack,"",@progbits
