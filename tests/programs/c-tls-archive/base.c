/* Pulled from the archive only because ids.o references id_base. */
__thread int id_base = 100;
__thread char tag[16] = "tls-tag";

const char *lib_tag(void) { return tag; }
