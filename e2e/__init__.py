"""End-to-end suite: the production stack driven over HTTP (``make e2e``)."""
