# Constructor and destructor tables as older compilers (and -fno-... builds of crtstuff) wrote them: .ctors and
# .dtors, run from the last entry to the first, with priority N written as .ctors.(65535-N). GNU ld places them
# into .init_array/.fini_array, reversing each section's entries so that the order stays the same.
        .section .ctors,"aw",@progbits
        .p2align 3
        .quad   ctors_a
        .quad   ctors_b

        .section .ctors.65434,"aw",@progbits
        .p2align 3
        .quad   ctors_101

        .section .ctors.65035,"aw",@progbits
        .p2align 3
        .quad   ctors_500

        .section .init_array.00101,"aw",@init_array
        .p2align 3
        .quad   init_101

        .section .init_array.00500,"aw",@init_array
        .p2align 3
        .quad   init_500_a
        .quad   init_500_b

        .section .init_array,"aw",@init_array
        .p2align 3
        .quad   init_plain

        .section .dtors,"aw",@progbits
        .p2align 3
        .quad   dtors_a
        .quad   dtors_b

        .section .dtors.65434,"aw",@progbits
        .p2align 3
        .quad   dtors_101

        .section .fini_array.00101,"aw",@fini_array
        .p2align 3
        .quad   fini_101

        .section .fini_array,"aw",@fini_array
        .p2align 3
        .quad   fini_plain

        .section .note.GNU-stack,"",@progbits
