/* A real (initialised) data definition: GNU ld loads this member for main.o's common `counter`. */
int counter = 5;
int counter_member_loaded(void) { return 1; }
