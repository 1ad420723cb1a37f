# Thread-local commons (.tls_common): tentative thread-local definitions, which GNU ld places in .tbss. One is
# aligned to 64; an initialised TLS variable in .tdata shares the segment with them.
	.tls_common tcv,4,4
	.tls_common big,4096,64
	.section .tdata,"awT",@progbits
	.globl init
	.align 4
init:	.long 5
	.text
	.globl get
	.type get,@function
get:
	movq tcv@gottpoff(%rip), %rax
	movl $7, %fs:(%rax)
	movl %fs:(%rax), %eax
	movq big@gottpoff(%rip), %rdx
	movl $3, %fs:4092(%rdx)
	addl %fs:4092(%rdx), %eax
	movq %fs:0, %rdx
	addq big@gottpoff(%rip), %rdx
	testq $63, %rdx
	jz 1f
	addl $100, %eax
1:	movl %fs:init@tpoff, %ecx
	addl %ecx, %eax
	ret
	.size get, .-get
	.section .note.GNU-stack,"",@progbits
