# Two thread-local arrays of 64 bytes: one in .tbss, one in a .tcommon section.
	.globl	in_tbss, in_tcommon
	.section .tbss,"awT",@nobits
	.p2align 4
in_tbss:
	.zero	64
	.size	in_tbss, 64

	.section .tcommon,"awT",@nobits
	.p2align 4
in_tcommon:
	.zero	64
	.size	in_tcommon, 64

	.section .note.GNU-stack,"",@progbits
