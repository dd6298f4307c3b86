"""Reports made from the records: the weekly customer feedback report (客户反馈分析报告)."""
