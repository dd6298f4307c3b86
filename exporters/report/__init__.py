"""Reports made from the records: the weekly customer feedback report, titled 客户反馈分析报告 in Chinese."""
