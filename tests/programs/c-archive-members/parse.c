int is_digit(char c);      /* digits.o: pulled only because parse.o needs it */
int apply_sign(int v, int negative); /* sign.o */

int parse_number(const char *s)
{
    int neg = 0, v = 0;
    if (*s == '-') { neg = 1; s++; }
    while (is_digit(*s))
        v = v * 10 + (*s++ - '0');
    return apply_sign(v, neg);
}
