__thread long big_tbss[1 << 17];
__thread int after_big = 12345;
