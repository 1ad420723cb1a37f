# Assembly functions called from C, calling back into C and libc, and data both ways.
        .text
        .globl  asm_sum_array           # long asm_sum_array(const long *p, long n)
        .type   asm_sum_array, @function
asm_sum_array:
        xorl    %eax, %eax
        testq   %rsi, %rsi
        jle     2f
1:      addq    (%rdi), %rax
        addq    $8, %rdi
        decq    %rsi
        jnz     1b
2:      ret
        .size   asm_sum_array, .-asm_sum_array

        .globl  asm_call_back           # long asm_call_back(long x): c_square(x) + asm_bias
        .type   asm_call_back, @function
asm_call_back:
        subq    $8, %rsp                # keep the stack 16-byte aligned for the call
        call    c_square
        addq    asm_bias(%rip), %rax
        addq    $8, %rsp
        ret
        .size   asm_call_back, .-asm_call_back

        .globl  asm_print
        .type   asm_print, @function
asm_print:                              # void asm_print(void): puts(asm_message)
        subq    $8, %rsp
        leaq    asm_message(%rip), %rdi
        call    puts@PLT
        movq    c_counter@GOTPCREL(%rip), %rax   # GOT-indirect access to C data
        incl    (%rax)
        addq    $8, %rsp
        ret
        .size   asm_print, .-asm_print

        .data
        .globl  asm_bias
        .p2align 3
asm_bias:
        .quad   1000
        .globl  asm_message
asm_message:
        .asciz  "printed by puts, called from assembly"

        .section .note.GNU-stack,"",@progbits
