"""Training-needs analysis (the PMO): which courses the organisation needs next, from every
PM's gaps and every approved plan, and scheduling a class for those who need it."""
