__thread int tv = 3;
