__thread int shared_counter = 40;
