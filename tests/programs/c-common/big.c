int shared_counter;
char shared_buf[256];           /* the larger common wins */
int init_in_other = 55;
int tentative_then_init = 66;   /* an initialised definition beats the common in main.c */

void fill_big(void)
{
    for (int i = 16; i < 256; i++)
        shared_buf[i] = 1;
}

int big_sum(void)
{
    int s = 0;
    for (int i = 0; i < 256; i++)
        s += shared_buf[i];
    return s;
}
