typedef int cs_placeholder_;
