extern int tv;
int main(){return tv;}
