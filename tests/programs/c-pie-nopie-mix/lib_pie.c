extern int pic_counter;
int pie_values[3] = { 1, 2, 3 };
int pie_sum(void) { return pie_values[0] + pie_values[1] + pie_values[2] + pic_counter; }
