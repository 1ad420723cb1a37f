__thread int tls_init = 42;
__thread int tls_zero;
__thread char tls_buf[32];

int tls_sum(void)
{
    return tls_init + tls_zero + tls_buf[0];
}
