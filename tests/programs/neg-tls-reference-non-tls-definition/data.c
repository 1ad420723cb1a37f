int tv = 3;
