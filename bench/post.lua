-- wrk script: one full, valid carer response per request (Nynorsk, demensteam).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "relation=partner&age_band=67-79&service_area=home_care&years_as_carer=3-5" ..
  "&hours_per_week=20&children_in_family=no&info_illness=4&info_services=3&info_rights=2" ..
  "&info_carer_offers=4&involve_important=5&involve_plans=4&recog_respect=5&train_tasks=3" ..
  "&respite_offered=2&overall_trust=4&overall_satisfied=5&important_to_you=Mer+avlastning"
done = function(summary, latency, requests)
  io.write(string.format("non2xx3xx=%d\n", summary.errors.status))
end
