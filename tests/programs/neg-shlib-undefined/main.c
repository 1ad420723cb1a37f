int lib_entry(int);

int main(void)
{
    return lib_entry(1) == 2 ? 0 : 1;
}
