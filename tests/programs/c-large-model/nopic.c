int nopic_value = 9;
static int nopic_counter;
int nopic_bump(int x) { nopic_counter += x; return nopic_counter + nopic_value; }
