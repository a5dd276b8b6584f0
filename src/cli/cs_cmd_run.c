/* placeholder until written */ typedef int cs_placeholder_;
