        .globl far_assembled
        far_assembled = 0x7edcba987650
        .section .note.GNU-stack,"",@progbits
