"""What tests share: reading pages, making patients' requests and staff, URLs, logs, the browser."""
