extern __thread int tv;
int main(){return tv;}
