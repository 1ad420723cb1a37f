long counter; /* a larger common of the same name */
long counter_size_in_archive(void) { return (long)sizeof counter; }
long *counter_address_in_archive(void) { return &counter; }
