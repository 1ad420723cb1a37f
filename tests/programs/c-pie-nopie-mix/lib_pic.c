int pic_counter = 1;
extern int pie_values[3];
int pic_next(void) { return ++pic_counter + pie_values[2]; }
int *pic_counter_address(void) { return &pic_counter; }
