partner_account_id = "333344445555"
