/* Defined here, reached from main.c through its own module-base sequence. */
_Thread_local int shared_counter = 7;
static _Thread_local int first = 11;
static _Thread_local long second[3] = {21, 22, 23};
static _Thread_local int zeroed;

int read_vars(void)
{
    zeroed += 1;
    return first * 1000 + (int)second[2] * 10 + zeroed;
}
