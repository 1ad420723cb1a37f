/* --require-defined names a symbol no input defines: GNU ld fails ("required symbol `not_anywhere' not defined"). */
int main(void)
{
    return 0;
}
